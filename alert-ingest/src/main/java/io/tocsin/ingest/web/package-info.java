/** HTTP error contract of alert-ingest: {"error": code, "message": text}. */
package io.tocsin.ingest.web;
