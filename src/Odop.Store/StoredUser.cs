namespace Odop.Store;

/// <summary>
/// A user as the access store keeps it: a name, capability names (the agent gives them meaning), the
/// SHA-256 hash of the token (never the token) and when it was revoked, if it was.
/// </summary>
public sealed record StoredUser(string Name, IReadOnlyList<string> Capabilities, byte[] TokenHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null)
{
    public bool Revoked => RevokedAt is not null;
}
