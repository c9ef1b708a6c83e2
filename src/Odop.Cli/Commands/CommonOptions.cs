using System.CommandLine;

namespace Odop.Cli.Commands;

/// <summary>Options several verbs share, declared once so their names and help read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> Agent() => new("--agent", "--endpoint")
    {
        Description = "Agent endpoint: unix:/path/agent.sock or host:port (default: $ODOP_ENDPOINT or $ODOP_AGENT, else `odop config set endpoint`, else the per-user socket)",
    };

    /// <summary>One instance on the root command, valid under every verb.</summary>
    public static readonly Option<string?> Token = new("--token")
    {
        Description = "Bearer token for the agent (default: $ODOP_TOKEN, else `odop config set token`; none needed as the agent's own user on its Unix socket)",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON for scripts instead of a table" };

    public static Option<string> Profiles() => new("--profiles")
    {
        Description = "Folder of task profiles (*.json)",
        DefaultValueFactory = _ => DefaultProfilesDirectory(),
    };

    public static Option<Odop.Scheduling.PolicyKind> Policy() => new("--policy")
    {
        Description = "Placement policy: odop (predicted idle windows, reclaim by move or pause), static (cores no rank is bound to, whatever their load), threshold (the original ODOP rule: last sample under 10%), naive (start at once, unpinned)",
        DefaultValueFactory = _ => Odop.Scheduling.PolicyKind.Odop,
    };

    public static Option<string> TimeSlack() => new("--time-slack")
    {
        Description = "Added to a profile's time before a running execution is stopped as timed_out (e.g. 5min, 90s)",
        DefaultValueFactory = _ => "5min",
    };

    public static TimeSpan ParseTimeSlack(string text)
    {
        try { return Odop.Core.Quantities.DurationQuantity.Parse(text, "--time-slack").Value; }
        catch (Odop.Core.OdopValidationException e) { throw new ArgumentException(e.Message); }
    }

    /// <summary>./profiles when it exists, else the per-user config folder.</summary>
    public static string DefaultProfilesDirectory()
    {
        if (Directory.Exists("profiles")) return Path.GetFullPath("profiles");
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config)) config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "odop", "profiles");
    }
}
