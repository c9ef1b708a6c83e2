using System.Diagnostics;
using Odop.Agent;
using Odop.Client;
using Odop.Engine.Hosting;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>One `odop run`: engine and agent up, simulation run, side tasks drained, summary printed.</summary>
internal sealed class RunSession(RunSettings settings)
{
    private static readonly ExecutionState[] Unfinished = [ExecutionState.Queued, ExecutionState.Starting, ExecutionState.Running, ExecutionState.Paused];

    public async Task<int> RunAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(settings.WorkDirectory);
        var runStarted = DateTimeOffset.UtcNow;
        using var loggers = Logging.Create(settings.LogLevel);
        var runtime = Path.Combine(settings.WorkDirectory, "run");
        Directory.CreateDirectory(runtime);
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await using var engine = await EngineHost.StartAsync(new EngineHostOptions
        {
            SocketPath = Path.Combine(runtime, "engine.sock"),
            LogDirectory = Path.Combine(settings.WorkDirectory, "logs"),
        }, loggers, ct);
        await using var agent = await StartAgentAsync(engine.SocketPath, runtime, loggers, ct);
        var endpoint = "unix:" + agent.SocketPath;
        Note($"agent at {endpoint} (ODOP_AGENT), profiles from {settings.ProfilesDirectory}, logs in {engine.LogDirectory}");

        var stopwatch = Stopwatch.StartNew();
        var simulationExit = await RunSimulationAsync(endpoint, agent, ct);
        var simulationSeconds = stopwatch.Elapsed.TotalSeconds;
        Note($"simulation exited with code {simulationExit} after {simulationSeconds:0.0}s");

        using var client = OdopClient.Connect(endpoint);
        await FinishSideTasksAsync(client, ct);
        while (!agent.ProfilesWritten) await Task.Delay(50, ct);

        // This run's executions, however long it ran (a plain list shows only those that ended in the last hour).
        var executions = await client.ListAsync(new Odop.Protocol.V1.ListExecutionsRequest { SinceUnixMs = runStarted.ToUnixTimeMilliseconds() }, ct);
        var summary = new RunSummary(settings.Simulation, simulationExit, simulationSeconds, stopwatch.Elapsed.TotalSeconds, executions, settings.ProfilesDirectory);
        Console.Write(settings.Json ? summary.ToJson() + Environment.NewLine : summary.ToText());
        File.WriteAllText(Path.Combine(settings.WorkDirectory, "summary.json"), summary.ToJson());

        if (simulationExit != 0) return simulationExit;
        return summary.AllSucceeded ? 0 : 1;
    }

    private async Task<AgentHost> StartAgentAsync(string engineSocket, string runtime, Microsoft.Extensions.Logging.ILoggerFactory loggers, CancellationToken ct)
    {
        AgentOptions Options(string socket) => new()
        {
            SocketPath = socket,
            EngineEndpoint = "unix:" + engineSocket,
            ProfilesDirectory = settings.ProfilesDirectory,
            ExcludedCpus = settings.ExcludedCpus,
            SamplingPeriod = settings.SamplingPeriod,
            Policy = settings.Policy,
            TimeLimitSlack = settings.TimeLimitSlack,
            StorePath = StorePath(),
            KeepOffSimulationCores = true,
            GapFillMinIdleShare = settings.SimulationCores == SimulationCoreUse.Gaps ? Odop.Scheduling.SchedulerOptions.DefaultGapFillMinIdleShare : 0,
        };
        if (settings.AgentSocket is { } explicitSocket) return await AgentHost.StartAsync(Options(explicitSocket), loggers, cancellationToken: ct);
        try
        {
            // The per-user socket lets `odop tasks ...` in another terminal find this run without flags.
            return await AgentHost.StartAsync(Options(Endpoints.DefaultAgentSocket()), loggers, cancellationToken: ct);
        }
        catch (IOException)
        {
            return await AgentHost.StartAsync(Options(Path.Combine(runtime, "agent.sock")), loggers, cancellationToken: ct);
        }
    }

    /// <summary>This run's queue and history, kept for inspection after it ends; a new run starts afresh.</summary>
    private string StorePath()
    {
        var path = Path.Combine(settings.WorkDirectory, "odop.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        return path;
    }

    private async Task<int> RunSimulationAsync(string endpoint, AgentHost agent, CancellationToken ct)
    {
        var start = new ProcessStartInfo(settings.Simulation[0]) { UseShellExecute = false };
        foreach (var arg in settings.Simulation.Skip(1)) start.ArgumentList.Add(arg);
        start.Environment[AgentEndpoint.EnvironmentVariable] = endpoint;
        if (Environment.UserName == "root" && !start.Environment.ContainsKey("OMPI_ALLOW_RUN_AS_ROOT"))
        {
            // Open MPI refuses root unless told twice; containers and CI runners are often root.
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException($"could not start {settings.Simulation[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ArgumentException($"command: cannot run '{settings.Simulation[0]}': {e.Message}");
        }
        using (process)
        {
            agent.WatchSimulation(process.Id, settings.SimulationCores);
            try
            {
                await process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C reached the simulation too (same process group); give it a moment, then make sure.
                if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill(entireProcessTree: true);
                throw;
            }
            return process.ExitCode;
        }
    }

    private async Task FinishSideTasksAsync(OdopClient client, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + settings.DrainTimeout;
        if (settings.Drain)
        {
            var pending = await client.ListAsync(Unfinished, cancellationToken: ct);
            if (pending.Count > 0) Note($"draining {pending.Count} side task(s); --no-drain stops them instead");
            while (pending.Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
                pending = await client.ListAsync(Unfinished, cancellationToken: ct);
            }
            if (pending.Count == 0) return;
            Note($"drain timeout: stopping {pending.Count} side task(s)");
        }
        foreach (var execution in await client.ListAsync(Unfinished, cancellationToken: ct))
        {
            try { await client.StopAsync(execution.ExecutionId, ct); }
            catch (RpcException e) when (e.Status == StatusCode.FailedPrecondition) { /* it ended meanwhile */ }
        }
    }

    private static void Note(string message) => Console.Error.WriteLine($"odop run: {message}");
}
