using Odop.Protocol;

namespace Odop.Agent.Access;

/// <summary>Who is calling, as the authorizer found out: a user with capabilities, or the socket owner (admin).</summary>
public sealed record Caller(string Name, IReadOnlySet<Capability> Capabilities)
{
    /// <summary>The name the socket owner (same uid as the agent, no token) acts under.</summary>
    public const string SocketOwnerName = "admin";

    public static readonly Caller SocketOwner = new(SocketOwnerName, new HashSet<Capability> { Capability.Admin });

    public bool IsAdmin => Capabilities.Contains(Capability.Admin);

    public bool Has(Capability capability) => IsAdmin || Capabilities.Contains(capability);

    /// <summary>May this caller act on something owned by <paramref name="owner"/>? Admins act on everything.</summary>
    public bool Owns(string? owner) => IsAdmin || string.Equals(owner, Name, StringComparison.Ordinal);

    private static readonly object Key = typeof(Caller);

    internal void AttachTo(ServerCallContext context) => context.UserState[Key] = this;

    /// <summary>The caller the authorizer attached; the socket owner on servers without one (tests of single services).</summary>
    public static Caller Of(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is Caller known ? known : SocketOwner;
}
