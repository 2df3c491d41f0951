/**
 * The JPA store: Flyway migrates, Hibernate validates; {@link
 * org.tfx.sessions.persistence.GroupCommit} batches writes on one thread so join storms cost few
 * commits.
 */
package org.tfx.sessions.persistence;
