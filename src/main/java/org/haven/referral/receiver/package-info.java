/**
 * The police force's side of a referral, as Haven's reference implementation of docs/referral.md sections 4
 * and 5: {@link org.haven.referral.receiver.ReferenceReceiver}, a small plain-JDK HTTP server that a force runs to
 * test its endpoint and that Haven's own tests deliver to. It never runs inside Haven: nothing here is a CDI bean
 * or a Quarkus endpoint, and Haven itself still serves no request from police.
 */
package org.haven.referral.receiver;
