namespace Odop.Core.Tests;

public class ExecutionIdTests
{
    [Test]
    public void Parse_AcceptsUpperCase_AndPrintsCanonicalLowerCase()
    {
        var id = ExecutionId.Parse("3F2B8C1E-0D4A-4C5E-9B7A-2E1F0C9D8A7B");
        Assert.That(id.ToString(), Is.EqualTo("3f2b8c1e-0d4a-4c5e-9b7a-2e1f0c9d8a7b"));
        Assert.That(id, Is.EqualTo(ExecutionId.Parse(id.Value)));
    }

    [TestCase("")]
    [TestCase("not-a-uuid")]
    [TestCase("{3f2b8c1e-0d4a-4c5e-9b7a-2e1f0c9d8a7b}")]
    [TestCase("3f2b8c1e0d4a4c5e9b7a2e1f0c9d8a7b")]
    public void Parse_RejectsOtherForms_NamingTheField(string text)
    {
        var ex = Assert.Throws<OdopValidationException>(() => ExecutionId.Parse(text));
        Assert.That(ex!.Field, Is.EqualTo("execution_id"));
        Assert.That(ex.Message, Does.StartWith($"execution_id: '{text}' is not a UUID"));
        Assert.That(ExecutionId.TryParse(text, out _), Is.False);
    }

    [Test]
    public void New_GivesDistinctIds() => Assert.That(ExecutionId.New(), Is.Not.EqualTo(ExecutionId.New()));
}
