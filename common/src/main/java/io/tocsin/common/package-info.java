/** Contracts shared by every Tocsin service: wire messages, topic names, CloudEvents headers and JSON setup. */
package io.tocsin.common;
