using Microsoft.Extensions.Logging;
using Odop.Node.Memory;

namespace Odop.Agent.Monitoring;

/// <summary>
/// Trims the agent's start-up pages once it has settled (every method it runs has been compiled by
/// then), and again now and then for code that ran once since (a burst of user verbs).
/// </summary>
internal static partial class WorkingSetTrimming
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(TimeSpan first, TimeProvider clock, ILogger logger, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(first, clock, stopping);
            while (true)
            {
                var result = StartupPageTrimmer.TrimCurrentProcess();
                TrimmedLog(logger, result.Mappings, result.ResidentBytesDropped / (1024.0 * 1024));
                await Task.Delay(Every, clock, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1090, Level = LogLevel.Debug, Message = "Dropped start-up pages of {Mappings} mappings ({Megabytes:0.0} MB) from the resident set")]
    private static partial void TrimmedLog(ILogger logger, int mappings, double megabytes);
}
