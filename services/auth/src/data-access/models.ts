import { DataTypes, Model, type Database, type ModelStatic } from '@agora/db';

/** Sequelize models of the auth tables; only the repositories use them. */
export interface AuthModels {
  User: ModelStatic<Model>;
  RefreshToken: ModelStatic<Model>;
  LoginFailure: ModelStatic<Model>;
  Erasure: ModelStatic<Model>;
  ErasureDelivery: ModelStatic<Model>;
}

export function defineModels(db: Database): AuthModels {
  const User = db.define(
    'User',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      email: { type: DataTypes.STRING(254), allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      passwordHash: { type: DataTypes.STRING(255), allowNull: false, field: 'password_hash' },
      createdAt: { type: DataTypes.DATE(3), allowNull: false, field: 'created_at' },
      updatedAt: { type: DataTypes.DATE(3), allowNull: false, field: 'updated_at' },
      deletedAt: { type: DataTypes.DATE(3), allowNull: true, field: 'deleted_at' },
    },
    { tableName: 'users' },
  );
  const RefreshToken = db.define(
    'RefreshToken',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      userId: { type: DataTypes.STRING(36), allowNull: false, field: 'user_id' },
      familyId: { type: DataTypes.STRING(36), allowNull: false, field: 'family_id' },
      tokenHash: { type: DataTypes.STRING(64), allowNull: false, field: 'token_hash' },
      createdAt: { type: DataTypes.DATE(3), allowNull: false, field: 'created_at' },
      expiresAt: { type: DataTypes.DATE(3), allowNull: false, field: 'expires_at' },
      rotatedAt: { type: DataTypes.DATE(3), allowNull: true, field: 'rotated_at' },
      revokedAt: { type: DataTypes.DATE(3), allowNull: true, field: 'revoked_at' },
    },
    { tableName: 'refresh_tokens' },
  );
  const LoginFailure = db.define(
    'LoginFailure',
    {
      email: { type: DataTypes.STRING(254), primaryKey: true },
      clientIp: { type: DataTypes.STRING(45), primaryKey: true, field: 'client_ip' },
      failures: { type: DataTypes.INTEGER, allowNull: false },
      windowStartedAt: { type: DataTypes.DATE(3), allowNull: false, field: 'window_started_at' },
    },
    { tableName: 'login_failures_by_client' },
  );
  const Erasure = db.define(
    'Erasure',
    {
      userId: { type: DataTypes.STRING(36), primaryKey: true, field: 'user_id' },
      requestedAt: { type: DataTypes.DATE(3), allowNull: false, field: 'requested_at' },
      completedAt: { type: DataTypes.DATE(3), allowNull: true, field: 'completed_at' },
    },
    { tableName: 'erasures' },
  );
  const ErasureDelivery = db.define(
    'ErasureDelivery',
    {
      userId: { type: DataTypes.STRING(36), primaryKey: true, field: 'user_id' },
      service: { type: DataTypes.STRING(32), primaryKey: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false },
      nextAttemptAt: { type: DataTypes.DATE(3), allowNull: false, field: 'next_attempt_at' },
      confirmedAt: { type: DataTypes.DATE(3), allowNull: true, field: 'confirmed_at' },
      lastError: { type: DataTypes.STRING(500), allowNull: true, field: 'last_error' },
    },
    { tableName: 'erasure_deliveries' },
  );
  return { User, RefreshToken, LoginFailure, Erasure, ErasureDelivery };
}
