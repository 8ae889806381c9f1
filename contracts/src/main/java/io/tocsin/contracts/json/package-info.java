/** The one JSON configuration every Tocsin service uses for wire messages. */
package io.tocsin.contracts.json;
