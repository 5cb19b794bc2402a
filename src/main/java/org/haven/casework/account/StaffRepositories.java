package org.haven.casework.account;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/** Data access for staff accounts and their sessions, codes and setup tokens. */
final class StaffRepositories {

    private StaffRepositories() {
    }

    @ApplicationScoped
    static class Accounts implements PanacheRepositoryBase<StaffAccount, UUID> {

        Uni<StaffAccount> byUsername(String username) {
            return find("username", username).firstResult();
        }

        /** The account, its row locked until the transaction ends, so parallel sign-in steps take turns. */
        Uni<StaffAccount> byUsernameLocked(String username) {
            return find("username", username).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        }

        Uni<StaffAccount> findByIdLocked(UUID id) {
            return findById(id, LockModeType.PESSIMISTIC_WRITE);
        }

        Uni<Long> admins() {
            return count("role = 'admin' and enabled = true");
        }
    }

    @ApplicationScoped
    static class Sessions implements PanacheRepositoryBase<StaffSession, byte[]> {

        Uni<StaffSession> byHash(byte[] hash) {
            return find("idHash", hash).firstResult();
        }

        Uni<Long> deleteForAccount(UUID accountId) {
            return delete("accountId", accountId);
        }
    }

    @ApplicationScoped
    static class Codes implements PanacheRepositoryBase<RecoveryCode, RecoveryCode.Key> {

        Uni<List<RecoveryCode>> unused(UUID accountId) {
            return find("key.accountId = ?1 and usedAt is null", accountId).list();
        }

        Uni<Long> deleteForAccount(UUID accountId) {
            return delete("key.accountId", accountId);
        }
    }

    @ApplicationScoped
    static class SetupTokens implements PanacheRepositoryBase<SetupToken, byte[]> {

        Uni<Long> unused() {
            return count("usedAt is null");
        }
    }
}
