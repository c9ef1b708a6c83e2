using System.CommandLine;
using Odop.Cli.Commands;

namespace Odop.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Odop runs side tasks (analysis, reduction, upload of results) on the cores an MPI simulation leaves idle.")
        {
            AgentCommand.Create(),
            EngineCommand.Create(),
            RunCommand.Create(),
            EnqueueCommand.Create(),
            BatchCommand.Create(),
            GroupsCommand.Create(),
            TasksCommand.Create(),
            ProfilesCommand.Create(),
            MonitorCommand.Create(),
            StatusCommand.Create(),
            InfoCommand.Create(),
            SimulateCommand.Create(),
            ArchiversCommand.Create(),
            UsersCommand.Create(),
            LeaseCommand.Create(),
            UsageCommand.Create(),
            LimitsCommand.Create(),
            ConfigCommand.Create(),
            CommonOptions.Token,
        };
        return await root.Parse(args).InvokeAsync();
    }
}
