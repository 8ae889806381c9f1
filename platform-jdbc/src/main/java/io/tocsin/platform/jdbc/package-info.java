/** Database conventions shared by the services that own a schema: idempotent consumption. */
package io.tocsin.platform.jdbc;
