/**
 * Reading a page of an ordered list from the database: {@link org.certhub.exchange.paging.RowLimit}, the first rows
 * of an ordered query with the count bound as a parameter ({@code FETCH FIRST ? ROWS ONLY}, SQL:2008, as H2 and
 * PostgreSQL read it).
 */
package org.certhub.exchange.paging;
