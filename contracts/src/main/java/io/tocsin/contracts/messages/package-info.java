/** The records that cross Kafka; the only types any two Tocsin services share. */
package io.tocsin.contracts.messages;
