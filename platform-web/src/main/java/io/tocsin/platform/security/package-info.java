/** One bearer-token mechanism for every service's HTTP API, on Spring Security, with the roles AUDITOR, RESPONDER, ADMIN. */
package io.tocsin.platform.security;
