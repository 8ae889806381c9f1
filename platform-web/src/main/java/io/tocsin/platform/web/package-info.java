/** HTTP conventions every Tocsin service shares: the health probes. */
package io.tocsin.platform.web;
