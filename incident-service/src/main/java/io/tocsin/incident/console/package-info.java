/**
 * The web console for responders and auditors (issue 20): server-rendered pages under {@code /console} on the same
 * application services as the REST API, signed in through the company's OpenID Connect provider
 * ({@link io.tocsin.incident.console.ConsoleSettings.Oidc}) or, without one, a one-time sign-in link printed at
 * start-up. Templates: {@code templates/console/*.html} (Thymeleaf, escaped by default).
 */
package io.tocsin.incident.console;
