/** Kafka record conventions shared by Tocsin services: CloudEvents binary-mode headers. */
package io.tocsin.platform.kafka;
