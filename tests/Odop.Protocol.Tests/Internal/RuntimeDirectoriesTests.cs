using Odop.Protocol.Internal;
using Odop.Protocol.Tests.Infrastructure;

namespace Odop.Protocol.Tests.Internal;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RuntimeDirectoriesTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Test]
    public void XdgRuntimeDir_WhenUsable_HoldsAnOdopDirectory()
    {
        using var xdg = new TempDirectory();
        using var tmp = new TempDirectory();

        var directory = RuntimeDirectories.Resolve(xdg.Path, tmp.Path, 1234);

        Assert.That(directory, Is.EqualTo(Path.Combine(xdg.Path, "odop")));
        Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(Private));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("relative/dir")]
    [TestCase("/nonexistent/odop-test-xdg")]
    public void WithoutAUsableXdgRuntimeDir_FallsBackToAPerUserTmpDirectory(string? xdg)
    {
        using var tmp = new TempDirectory();

        var directory = RuntimeDirectories.Resolve(xdg, tmp.Path, 1234);

        Assert.That(directory, Is.EqualTo(Path.Combine(tmp.Path, "odop-1234")));
        Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(Private));
    }

    [Test]
    public void ExistingDirectory_IsTightenedTo0700()
    {
        using var tmp = new TempDirectory();
        var existing = Path.Combine(tmp.Path, "odop-1234");
        Directory.CreateDirectory(existing, Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var directory = RuntimeDirectories.Resolve(null, tmp.Path, 1234);

        Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(Private));
    }

    [Test]
    public void DefaultSockets_LiveInTheRuntimeDirectory()
    {
        Assert.That(Path.GetDirectoryName(Endpoints.DefaultAgentSocket()), Is.EqualTo(Endpoints.RuntimeDirectory()));
        Assert.That(Path.GetFileName(Endpoints.DefaultAgentSocket()), Is.EqualTo("agent.sock"));
        Assert.That(Path.GetFileName(Endpoints.DefaultEngineSocket()), Is.EqualTo("engine.sock"));
    }
}
