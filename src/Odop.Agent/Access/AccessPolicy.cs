using System.Collections.Frozen;
using Odop.Protocol;

namespace Odop.Agent.Access;

/// <summary>
/// The one place every call to the agent is checked (plugged into the server as its <see cref="CallAuthorizer"/>):
/// who is calling, then whether they hold the capability the method needs. Whether they own the execution or
/// lease they name is for the service that looks it up (<see cref="Caller.Owns"/>).
/// </summary>
/// <remarks>
/// Identity, in order: a bearer token in the <c>authorization</c> header names its user (unknown or revoked: UNAUTHENTICATED);
/// without a token, a caller on the Unix socket running as the agent's own uid (SO_PEERCRED) is the socket owner, an admin;
/// anyone else (TCP, another uid) is UNAUTHENTICATED.
/// </remarks>
public sealed class AccessPolicy(UserDirectory users)
{
    /// <summary>What each method needs. A method not listed here needs admin: new methods are closed until someone opens them.</summary>
    private static readonly FrozenDictionary<string, Capability> Needs = new Dictionary<string, Capability>
    {
        [QueueMethods.Enqueue.FullName] = Capability.Enqueue,
        [QueueMethods.EnqueueBatch.FullName] = Capability.Enqueue,
        [ExecutionsMethods.List.FullName] = Capability.Query,
        [ExecutionsMethods.Get.FullName] = Capability.Query,
        [ExecutionsMethods.Watch.FullName] = Capability.Query,
        [ExecutionsMethods.Start.FullName] = Capability.Exec,
        [ExecutionsMethods.Stop.FullName] = Capability.Exec,
        [ExecutionsMethods.Skip.FullName] = Capability.Exec,
        [ExecutionsMethods.Pause.FullName] = Capability.Exec,
        [ExecutionsMethods.Resume.FullName] = Capability.Exec,
        [ExecutionsMethods.SetPriority.FullName] = Capability.Exec,
        [ExecutionsMethods.History.FullName] = Capability.Query,
        [GroupsMethods.Get.FullName] = Capability.Query,
        [GroupsMethods.List.FullName] = Capability.Query,
        [AgentMethods.Info.FullName] = Capability.Query,
        [ArchiveMethods.Status.FullName] = Capability.Query,
        [MonitorMethods.Snapshot.FullName] = Capability.Query,
        [MonitorMethods.Stream.FullName] = Capability.Query,
        [MonitorMethods.Status.FullName] = Capability.Query,
        [LeasesMethods.Acquire.FullName] = Capability.Lease,
        [LeasesMethods.List.FullName] = Capability.Lease,
        [LeasesMethods.Release.FullName] = Capability.Lease,
        [LeasesMethods.Usage.FullName] = Capability.Query,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private const string BearerPrefix = "Bearer ";

    public ValueTask AuthorizeAsync(ServerCallContext context)
    {
        var caller = Identify(context);
        var needed = Needs.TryGetValue(context.Method, out var capability) ? capability : Capability.Admin;
        if (!caller.Has(needed))
            throw new RpcException(StatusCode.PermissionDenied,
                $"{context.Method} needs the '{needed.Name()}' capability; user '{caller.Name}' has {Describe(caller)}");
        caller.AttachTo(context);
        return ValueTask.CompletedTask;
    }

    private Caller Identify(ServerCallContext context)
    {
        var header = context.RequestHeaders.Authorization;
        if (header.Count > 0)
        {
            var value = header.ToString();
            if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || value.Length == BearerPrefix.Length)
                throw new RpcException(StatusCode.Unauthenticated, "the authorization header must be 'Bearer <token>'");
            return users.Authenticate(value[BearerPrefix.Length..].Trim())
                ?? throw new RpcException(StatusCode.Unauthenticated, "unknown or revoked token");
        }
        if (context.PeerIsServerUser) return Caller.SocketOwner;
        throw new RpcException(StatusCode.Unauthenticated, context.PeerUid is { } uid
            ? $"uid {uid} is not the agent's user: give a token (--token, $ODOP_TOKEN or `odop config set token`)"
            : "a token is required over TCP (--token, $ODOP_TOKEN or `odop config set token`)");
    }

    private static string Describe(Caller caller) =>
        caller.Capabilities.Count == 0 ? "no capability" : string.Join(", ", caller.Capabilities.Select(c => c.Name()));
}
