package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * Messages on {@code alerts.v1}: what alert sources report, in the order they report it for one grouping key.
 * Alertmanager sends {@link AlertReceived} only; PagerDuty Events API v2 clients also acknowledge alerts
 * ({@link AlertAcknowledged}). alert-ingest keys every
 * record by the grouping key of its {@link #groupKey()} and {@link #labels()}
 * ({@link io.tocsin.contracts.alerts.GroupingKeys}), so an acknowledgement follows its trigger on one partition.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AlertReceived.class, name = MessageTypes.ALERT_RECEIVED),
        @JsonSubTypes.Type(value = AlertAcknowledged.class, name = MessageTypes.ALERT_ACKNOWLEDGED)
})
public sealed interface AlertMessage extends TocsinMessage permits AlertReceived, AlertAcknowledged {

    /** The source's group key: the grouping key when no {@code TOCSIN_INCIDENT_GROUP_BY} labels are set. */
    String groupKey();

    /** The labels the grouping key is computed from (never {@code null}). */
    Map<String, String> labels();

    /** Who sent it: {@code alertmanager}, {@code pagerduty}. */
    String source();
}
