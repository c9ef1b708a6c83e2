using Odop.Agent.Loop;
using Odop.Protocol;
using Odop.Protocol.V1;
using Odop.Store;

namespace Odop.Agent.Services;

/// <summary>
/// odop.v1.Agent: `odop info`. Counts per state come from the store (every execution it holds, ended
/// ones before a restart included); what runs, the queue and the drain estimate from the loop.
/// </summary>
internal sealed class InfoService(AgentLoop loop, IExecutionStore store, Func<IReadOnlyList<Odop.Archiving.ArchiveStatus>> archive)
{
    public void Register(GrpcServer server) => server.AddUnary(AgentMethods.Info, InfoAsync);

    private async Task<InfoReply> InfoAsync(InfoRequest request, ServerCallContext context)
    {
        var counts = await store.CountByStateAsync(context.CancellationToken);
        var reply = new TaskCompletionSource<InfoReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new InfoRequested(reply), context.CancellationToken);
        var info = await reply.Task.WaitAsync(context.CancellationToken);
        foreach (var (state, count) in counts.OrderBy(c => c.Key))
            info.Counts.Add(new StateCount { State = state.ToProto(), Count = count });
        info.Archive = ArchiveService.ToProto(archive());
        return info;
    }
}
