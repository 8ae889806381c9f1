/** Credentials for the receivers: bearer tokens or HTTP basic, compared in constant time. */
package io.tocsin.ingest.security;
