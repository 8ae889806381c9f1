/** The public status page: components, active incidents with updates, 90 days of history. */
package io.tocsin.notify.status;
