using System.Security.Cryptography;
using System.Text;

namespace Odop.Agent.Access;

/// <summary>Bearer tokens: 32 random bytes, shown once; the agent keeps only their SHA-256.</summary>
public static class Tokens
{
    public const string Prefix = "odop_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Constant-time: how long the comparison takes says nothing about how much of a hash matched.</summary>
    public static bool Matches(byte[] hash, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(hash, storedHash);
}
