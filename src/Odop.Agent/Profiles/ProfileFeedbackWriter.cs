using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Odop.Core.Profiles;

namespace Odop.Agent.Profiles;

/// <summary>
/// Writes measured usage back into profile files, one at a time: two executions of one task ending
/// together must not lose each other's update, and the agent loop must not wait on the disk.
/// </summary>
internal sealed partial class ProfileFeedbackWriter(ProfileCatalog catalog, TimeProvider clock, ILogger logger)
{
    private readonly Channel<(string TaskId, MeasuredUsage Usage)> _pending = Channel.CreateUnbounded<(string, MeasuredUsage)>(
        new UnboundedChannelOptions { SingleReader = true });
    private int _inFlight;

    public void Post(string taskId, MeasuredUsage usage)
    {
        Interlocked.Increment(ref _inFlight);
        _pending.Writer.TryWrite((taskId, usage));
    }

    /// <summary>True when every posted update has been written (or failed and been logged).</summary>
    public bool Idle => Volatile.Read(ref _inFlight) == 0;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var (taskId, usage) in _pending.Reader.ReadAllAsync(stopping))
            {
                try
                {
                    Write(taskId, usage);
                }
                catch (Exception e)
                {
                    // A profile someone broke while we ran keeps its content; the next run tries again.
                    WriteFailedLog(logger, taskId, e.Message);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public void Complete() => _pending.Writer.TryComplete();

    private void Write(string taskId, MeasuredUsage usage)
    {
        var profile = catalog.Find(taskId);
        if (profile?.File is null) return;
        var current = TaskProfile.Load(profile.File); // the file as it is now, not as it was at enqueue
        var update = ProfileUsageFeedback.Apply(current, usage, clock.GetUtcNow());
        ProfileFile.ApplyUpdate(profile.File, update);
        ProfileUpdatedLog(logger, profile.File, update.ToJson().ToJsonString());
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Profile {Path} updated: {Update}")]
    private static partial void ProfileUpdatedLog(ILogger logger, string path, string update);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Could not update the profile of task {TaskId}: {Error}")]
    private static partial void WriteFailedLog(ILogger logger, string taskId, string error);
}
