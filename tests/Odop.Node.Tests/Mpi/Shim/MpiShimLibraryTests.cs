using Odop.Node.Mpi;

namespace Odop.Node.Tests.Mpi.Shim;

public class MpiShimLibraryTests
{
    private string root = "";

    [SetUp]
    public void CreateRepositoryLayout()
    {
        root = Directory.CreateTempSubdirectory("odop-shim-").FullName;
        File.WriteAllText(Path.Combine(root, "Odop.sln"), "");
        Directory.CreateDirectory(Path.Combine(root, "src", "App", "bin"));
    }

    [TearDown]
    public void Remove() => Directory.Delete(root, recursive: true);

    [Test]
    public void CandidateDirectories_LookInNativeDirThenRepositoryThenApplication()
    {
        var app = Path.Combine(root, "src", "App", "bin");

        var dirs = MpiShimLibrary.CandidateDirectories("/opt/odop/lib", app);

        Assert.That(dirs, Is.EqualTo(new[] { "/opt/odop/lib", Path.Combine(root, "native", "out"), app }));
    }

    [Test]
    public void CandidateDirectories_WithoutNativeDirOrRepository_LookOnlyNextToTheApplication()
    {
        var app = Directory.CreateTempSubdirectory("odop-app-").FullName;
        try
        {
            Assert.That(MpiShimLibrary.CandidateDirectories(null, app + "/"), Is.EqualTo(new[] { app }));
        }
        finally
        {
            Directory.Delete(app);
        }
    }

    [Test]
    public void FindRepositoryRoot_IsTheClosestFolderHoldingTheSolution()
    {
        Assert.That(MpiShimLibrary.FindRepositoryRoot(Path.Combine(root, "src", "App", "bin")), Is.EqualTo(root));
    }
}
