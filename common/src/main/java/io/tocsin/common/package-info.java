/** What every Tocsin service depends on: the contracts, the platform modules and the embedded infrastructure (the module has no classes of its own; its test-jar holds the shared test infrastructure). */
package io.tocsin.common;
