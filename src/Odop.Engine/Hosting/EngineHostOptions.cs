namespace Odop.Engine.Hosting;

/// <summary>How one engine runs.</summary>
public sealed class EngineHostOptions
{
    /// <summary>Unix socket the Engine service is served on (mode 0600).</summary>
    public required string SocketPath { get; init; }

    /// <summary>Folder for each execution's stdout (.out) and stderr (.err).</summary>
    public required string LogDirectory { get; init; }

    /// <summary>SIGTERM-to-SIGKILL grace when a Stop names none.</summary>
    public TimeSpan DefaultStopGrace { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;
}
