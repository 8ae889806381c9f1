package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Messages on {@code alerts.v1}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = AlertReceived.class, name = MessageTypes.ALERT_RECEIVED))
public sealed interface AlertMessage extends TocsinMessage permits AlertReceived {
}
