/** HTTP conventions every Tocsin service shares: the health probes. */
package io.tocsin.common.web;
