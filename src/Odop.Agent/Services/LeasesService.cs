using Odop.Agent.Access;
using Odop.Agent.Loop;
using Odop.Protocol;
using Odop.Protocol.V1;
using Odop.Store;

namespace Odop.Agent.Services;

/// <summary>odop.v1.Leases: acquire and release go through the loop (they change what the scheduler may use); list and usage read the store.</summary>
internal sealed class LeasesService(AgentLoop loop, IAccessStore access, IExecutionStore executions, TimeProvider clock)
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(7);

    public void Register(GrpcServer server)
    {
        server.AddUnary(LeasesMethods.Acquire, AcquireAsync);
        server.AddUnary(LeasesMethods.List, ListAsync);
        server.AddUnary(LeasesMethods.Release, ReleaseAsync);
        server.AddUnary(LeasesMethods.Usage, UsageAsync);
    }

    private async Task<Lease> AcquireAsync(AcquireLeaseRequest request, ServerCallContext context)
    {
        if (request.Cores <= 0) throw new RpcException(StatusCode.InvalidArgument, $"cores: must be at least 1, not {request.Cores}");
        if (request.DurationSeconds < 0 || double.IsNaN(request.DurationSeconds) || request.DurationSeconds > LongestDuration.TotalSeconds)
            throw new RpcException(StatusCode.InvalidArgument, $"for: {request.DurationSeconds} s is outside 0..{LongestDuration.TotalSeconds} s");
        var duration = request.DurationSeconds == 0 ? DefaultDuration : TimeSpan.FromSeconds(request.DurationSeconds);
        var reply = new TaskCompletionSource<StoredLease>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A waiting caller that gives up (Ctrl-C, deadline) leaves the queue of waiters.
        using var cancelled = context.CancellationToken.Register(() => reply.TrySetCanceled());
        await loop.Writer.WriteAsync(new LeaseAcquireRequested(Caller.Of(context), request.Cores, request.Wait, duration, reply), context.CancellationToken);
        return ToProto(await reply.Task);
    }

    private async Task<ListLeasesReply> ListAsync(ListLeasesRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var reply = new ListLeasesReply();
        foreach (var lease in await access.LeasesAsync(request.IncludeEnded, context.CancellationToken))
            if (caller.Owns(lease.Owner)) reply.Leases.Add(ToProto(lease));
        return reply;
    }

    private async Task<Lease> ReleaseAsync(LeaseRef request, ServerCallContext context)
    {
        var reply = new TaskCompletionSource<StoredLease>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new LeaseReleaseRequested(Caller.Of(context), request.LeaseId.Trim(), reply), context.CancellationToken);
        return ToProto(await reply.Task.WaitAsync(context.CancellationToken));
    }

    private async Task<UsageReply> UsageAsync(UsageRequest request, ServerCallContext context)
    {
        var from = DateTimeOffset.FromUnixTimeMilliseconds(request.FromUnixMs);
        var to = request.ToUnixMs == 0 ? clock.GetUtcNow() : DateTimeOffset.FromUnixTimeMilliseconds(request.ToUnixMs);
        if (to <= from) throw new RpcException(StatusCode.InvalidArgument, $"to: {to:u} is not after from: {from:u}");
        var caller = Caller.Of(context);
        var owners = await access.OwnersAsync(context.CancellationToken);
        var records = await executions.ListAsync(ExecutionFilter.All, context.CancellationToken);
        var leases = await access.LeasesAsync(includeEnded: true, context.CancellationToken);
        var reply = new UsageReply();
        foreach (var row in UsageReport.Compute(records, owners, leases, from, to, clock.GetUtcNow()))
            if (caller.Owns(row.User)) reply.Rows.Add(row);
        return reply;
    }

    internal static Lease ToProto(StoredLease lease)
    {
        var proto = new Lease
        {
            LeaseId = lease.Id,
            Owner = lease.Owner,
            AcquiredAtUnixMs = lease.AcquiredAt.ToUnixTimeMilliseconds(),
            ExpiresAtUnixMs = lease.ExpiresAt.ToUnixTimeMilliseconds(),
            EndedAtUnixMs = lease.EndedAt?.ToUnixTimeMilliseconds() ?? 0,
            EndReason = lease.EndReason ?? "",
        };
        proto.Cpus.AddRange(lease.Cpus.Ids);
        return proto;
    }
}
