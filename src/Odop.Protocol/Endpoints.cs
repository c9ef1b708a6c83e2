using Odop.Protocol.Internal;

namespace Odop.Protocol;

/// <summary>Where the agent and engine listen by default: Unix sockets in a private per-user directory.</summary>
public static class Endpoints
{
    /// <summary>
    /// <c>$XDG_RUNTIME_DIR/odop</c> when that variable is set and the directory can be created there,
    /// else <c>/tmp/odop-&lt;uid&gt;</c>. Created with mode 0700.
    /// </summary>
    public static string RuntimeDirectory() =>
        RuntimeDirectories.Resolve(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), "/tmp", NativeMethods.EffectiveUserId());

    public static string DefaultAgentSocket() => Path.Combine(RuntimeDirectory(), "agent.sock");

    public static string DefaultEngineSocket() => Path.Combine(RuntimeDirectory(), "engine.sock");
}
