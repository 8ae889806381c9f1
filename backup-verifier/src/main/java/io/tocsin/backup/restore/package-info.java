/** One restore test: locate the newest backup, restore it into a scratch database, compare it with the live one. */
package io.tocsin.backup.restore;
