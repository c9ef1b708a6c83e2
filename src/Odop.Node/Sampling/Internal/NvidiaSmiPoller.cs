using System.Diagnostics;

namespace Odop.Node.Sampling.Internal;

/// <summary>
/// Keeps the latest nvidia-smi reading. A query starts from <see cref="PollIfDue"/> at most once
/// per interval and runs on the thread pool, so the sampling path only reads a field. A query that
/// fails or times out leaves an empty list: no reading is better than a stale one.
/// </summary>
internal sealed class NvidiaSmiPoller(string? executable, TimeSpan interval, TimeSpan timeout, TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private GpuUsage[] _latest = [];
    private long _lastStart;
    private bool _everStarted;
    private int _inFlight;

    public bool Enabled => executable is not null;

    public IReadOnlyList<GpuUsage> Latest => Volatile.Read(ref _latest);

    public void PollIfDue()
    {
        if (executable is null || _disposed.IsCancellationRequested) return;
        var now = time.GetTimestamp();
        if (_everStarted && time.GetElapsedTime(_lastStart, now) < interval) return;
        if (Interlocked.CompareExchange(ref _inFlight, 1, 0) != 0) return;
        _everStarted = true;
        _lastStart = now;
        _ = Task.Run(() => QueryAsync(executable));
    }

    private async Task QueryAsync(string exe)
    {
        try
        {
            Volatile.Write(ref _latest, await RunAsync(exe).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Driver missing, query killed, sampler disposed: all mean "no reading".
            Volatile.Write(ref _latest, []);
        }
        finally
        {
            Volatile.Write(ref _inFlight, 0);
        }
    }

    private async Task<GpuUsage[]> RunAsync(string exe)
    {
        var info = new ProcessStartInfo(exe, NvidiaSmiCsv.Arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("nvidia-smi did not start");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        deadline.CancelAfter(timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            _ = process.StandardError.ReadToEndAsync(deadline.Token); // drained so a chatty error cannot block it
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            return process.ExitCode == 0 ? NvidiaSmiCsv.Parse(output) : [];
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
