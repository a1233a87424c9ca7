import type { Tx } from './transactions.js';
import type { AuthModels } from './models.js';

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

function toRecord(row: any): RefreshTokenRecord {
  return {
    id: row.id,
    userId: row.userId,
    familyId: row.familyId,
    expiresAt: new Date(row.expiresAt),
    rotatedAt: row.rotatedAt ? new Date(row.rotatedAt) : null,
    revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
  };
}

/** Refresh tokens, stored only as sha256 hashes; a family is one login's chain of rotations. */
export class RefreshTokenRepository {
  constructor(private readonly models: AuthModels) {}

  async insert(
    token: { id: string; userId: string; familyId: string; tokenHash: string; createdAt: Date; expiresAt: Date },
    transaction?: Tx,
  ): Promise<void> {
    await this.models.RefreshToken.create(token, { transaction });
  }

  async findByHash(tokenHash: string, transaction?: Tx): Promise<RefreshTokenRecord | null> {
    const row = await this.models.RefreshToken.findOne({ where: { tokenHash }, raw: true, transaction });
    return row ? toRecord(row) : null;
  }

  /** Marks a live token rotated; false when another request rotated or revoked it first. */
  async markRotated(id: string, at: Date, transaction?: Tx): Promise<boolean> {
    const [count] = await this.models.RefreshToken.update(
      { rotatedAt: at },
      { where: { id, rotatedAt: null, revokedAt: null }, transaction },
    );
    return count === 1;
  }

  async revokeFamily(familyId: string, at: Date, transaction?: Tx): Promise<void> {
    await this.models.RefreshToken.update({ revokedAt: at }, { where: { familyId, revokedAt: null }, transaction });
  }

  async revokeAllOfUser(userId: string, at: Date, transaction?: Tx): Promise<void> {
    await this.models.RefreshToken.update({ revokedAt: at }, { where: { userId, revokedAt: null }, transaction });
  }
}
