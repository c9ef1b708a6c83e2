using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Odop.Agent.Loop;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Engine;

/// <summary>
/// The agent's side of the Engine service. Commands are sent off the loop and their answers posted
/// back as events, so a slow engine never stalls the loop; the event stream is followed and
/// re-subscribed (with the engine's current list first) whenever it breaks. One execution's commands
/// reach the engine in the order the loop sent them, each after the previous one's answer.
/// </summary>
internal sealed partial class EngineClient(GrpcChannel channel, ChannelWriter<AgentEvent> loop, TimeSpan callTimeout, ILogger logger)
{
    private readonly PerExecutionOrder _order = new();
    private string? _lastError;

    public void Send(string executionId, string verb, Func<GrpcChannel, CallOptions, Task<EngineExecution>> call)
    {
        _order.Enqueue(executionId, async () =>
        {
            EngineCompletedLog(logger, verb, executionId);
            try
            {
                var result = await call(channel, CallOptions.WithTimeout(callTimeout));
                await loop.WriteAsync(new EngineCallCompleted(executionId, verb, result, null));
            }
            catch (RpcException e)
            {
                await loop.WriteAsync(new EngineCallCompleted(executionId, verb, null, $"{e.Status}: {e.Detail}") { ErrorStatus = e.Status });
            }
            catch (Exception e)
            {
                await loop.WriteAsync(new EngineCallCompleted(executionId, verb, null, e.Message));
            }
        });
    }

    /// <summary>Follows the engine's events until <paramref name="stopping"/>; reconnects with backoff.</summary>
    public async Task FollowEventsAsync(CancellationToken stopping)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // A unary List proves the engine answers (a quiet event stream proves nothing) and
                // tells the loop what runs there; the stream's current snapshots repeat it harmlessly.
                var current = await channel.UnaryAsync(EngineMethods.List, new EngineListRequest(), CallOptions.WithTimeout(callTimeout, stopping));
                backoff = TimeSpan.FromMilliseconds(100);
                _lastError = null;
                await loop.WriteAsync(new EngineConnectionChanged(true, null), stopping);
                await loop.WriteAsync(new EngineListed([.. current.Executions]), stopping);

                var stream = channel.ServerStreamingAsync(EngineMethods.Events, new EngineEventsRequest { IncludeCurrent = true },
                    new CallOptions(CancellationToken: stopping));
                await foreach (var engineEvent in stream)
                    await loop.WriteAsync(new EngineEventReceived(engineEvent), stopping);
                throw new RpcException(StatusCode.Unavailable, "the engine ended its event stream");
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (e.Status == StatusCode.Cancelled && stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The same failure every retry says nothing new; log when it changes.
                if (e.Message != _lastError) EngineStreamBrokenLog(logger, e.Message);
                _lastError = e.Message;
                await loop.WriteAsync(new EngineConnectionChanged(false, e.Message), CancellationToken.None);
            }
            try { await Task.Delay(backoff, stopping); } catch (OperationCanceledException) { return; }
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 2000));
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Sending {Verb} for execution {ExecutionId} to the engine")]
    private static partial void EngineCompletedLog(ILogger logger, string verb, string executionId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Engine event stream broke: {Error}; reconnecting")]
    private static partial void EngineStreamBrokenLog(ILogger logger, string error);
}
