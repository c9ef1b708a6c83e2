using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Odop.Agent;
using Odop.Client;
using Odop.Engine.Hosting;
using Odop.Protocol;

namespace Odop.Cli.Commands;

/// <summary>
/// `odop run -- mpirun ...`: starts an engine and an agent, runs the simulation with ODOP_AGENT set,
/// then drains (or stops) the side tasks and prints a summary.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var simulation = new Argument<string[]>("command") { Description = "The simulation command, after --", Arity = ArgumentArity.OneOrMore };
        var profiles = CommonOptions.Profiles();
        var workDir = new Option<string>("--work-dir") { Description = "Folder for sockets' fallback, logs and the summary", DefaultValueFactory = _ => ".odop" };
        var socket = new Option<string?>("--socket") { Description = "Agent socket (default: the per-user socket, or one under --work-dir if that is taken)" };
        var noDrain = new Option<bool>("--no-drain") { Description = "When the simulation ends, stop running side tasks and cancel queued ones instead of finishing them" };
        var simulationCores = new Option<Odop.Agent.SimulationCoreUse>("--simulation-cores")
        {
            Description = "What side tasks may do on the cores the simulation's ranks are bound to, for the whole run, drain included: gaps (reserved, but steady gaps a rank leaves, as in I/O or GPU waits, take single-core side tasks under SCHED_IDLE), reserved (nothing), shared (judged by measured load like any core)",
            DefaultValueFactory = _ => Odop.Agent.SimulationCoreUse.Gaps,
        };
        var drainTimeout = new Option<int>("--drain-timeout-s") { Description = "Longest wait for side tasks after the simulation ends; then they are stopped", DefaultValueFactory = _ => 3600 };
        var exclude = new Option<string?>("--exclude-cpus") { Description = "CPUs never given to side tasks, Linux list format" };
        var policy = CommonOptions.Policy();
        var slack = CommonOptions.TimeSlack();
        var period = new Option<int>("--period-ms") { Description = "Sampling period in milliseconds", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();
        var logLevel = Logging.LevelOption(LogLevel.Warning);
        var command = new Command("run", "Run a simulation with an agent and an engine beside it, then summarize the side tasks")
        {
            simulation, profiles, workDir, socket, noDrain, simulationCores, drainTimeout, exclude, policy, slack, period, json, logLevel,
        };
        command.SetAction((parse, ct) => CliErrors.Guard(() => new RunSession(new RunSettings(
            parse.GetValue(simulation)!,
            Path.GetFullPath(parse.GetValue(profiles)!),
            Path.GetFullPath(parse.GetValue(workDir)!),
            parse.GetValue(socket),
            !parse.GetValue(noDrain),
            parse.GetValue(simulationCores),
            TimeSpan.FromSeconds(parse.GetValue(drainTimeout)),
            AgentCommand.ParseCpus(parse.GetValue(exclude), "--exclude-cpus"),
            AgentCommand.ParsePeriod(parse.GetValue(period)),
            parse.GetValue(policy),
            CommonOptions.ParseTimeSlack(parse.GetValue(slack)!),
            parse.GetValue(json),
            parse.GetValue(logLevel))).RunAsync(ct)));
        return command;
    }
}
