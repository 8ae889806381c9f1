/** incident-service: groups alerts into incidents with severity and a tamper-evident timeline. */
package io.tocsin.incident;
