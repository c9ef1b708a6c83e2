using System.Diagnostics;
using Odop.Agent.Tests.Support;

namespace Odop.Agent.Tests.Access;

/// <summary>
/// SO_PEERCRED on the real socket: a process of another uid (here `nobody`, started with setpriv) is not the
/// socket owner. The sockets are opened to it on purpose (0666, a traversable folder) to emulate a shared socket;
/// normally their 0600 mode already keeps other users out. Needs root to switch uid; ignored otherwise.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class PeerCredentialTests
{
    [Test]
    public async Task AnotherUid_OnTheAgentSocket_NeedsAToken_AndTheEngineRefusesIt()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv")) Assert.Ignore("needs root and setpriv to run a helper as nobody");
        await using var node = await AccessNode.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"));
        var token = await node.CreateUserAsync("nobody-user", "query");
        File.SetUnixFileMode(node.Root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(node.SocketPath, (UnixFileMode)0b110_110_110);
        File.SetUnixFileMode(node.Engine.SocketPath, (UnixFileMode)0b110_110_110);

        var withoutToken = await RunAsNobodyAsync(node);
        var withToken = await RunAsNobodyAsync(node, token);

        Assert.That(withoutToken, Does.Contain("agent UNAUTHENTICATED uid 65534 is not the agent's user"));
        Assert.That(withoutToken, Does.Contain("engine PERMISSION_DENIED"));
        Assert.That(withToken, Does.Contain("agent OK"));
        Assert.That(withToken, Does.Contain("engine PERMISSION_DENIED"), "the engine takes no token: it is the agent's alone");
    }

    private static async Task<string> RunAsNobodyAsync(AccessNode node, string? token = null)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["HOME"] = "/tmp", ["XDG_CACHE_HOME"] = "/tmp/odop-nobody-cache" },
        };
        foreach (var arg in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", Environment.GetEnvironmentVariable("ODOP_PYTHON") ?? "/usr/bin/python3",
                     Path.Combine(AppContext.BaseDirectory, "Support", "nobody_call.py"), RepoRoot(), node.SocketPath, node.Engine.SocketPath })
            start.ArgumentList.Add(arg);
        if (token is not null) start.ArgumentList.Add(token);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(process.ExitCode, Is.Zero, await errors);
        return await output;
    }

    private static string RepoRoot()
    {
        if (Environment.GetEnvironmentVariable("ODOP_REPO") is { Length: > 0 } repo) return repo;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Odop.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Odop.sln above " + AppContext.BaseDirectory);
    }
}
