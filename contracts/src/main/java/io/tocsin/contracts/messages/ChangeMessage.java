package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Messages on {@code changes.v1}: changes to services (deploys, builds, configuration), keyed by service. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = ChangeReceived.class, name = MessageTypes.CHANGE_RECEIVED))
public sealed interface ChangeMessage extends TocsinMessage permits ChangeReceived {
}
