/** Evidence for auditors: chain verification, response-time reports, post-mortem drafts, read-access log. */
package io.tocsin.incident.audit;
