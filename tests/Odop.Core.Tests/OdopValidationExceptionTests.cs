namespace Odop.Core.Tests;

public class OdopValidationExceptionTests
{
    [Test]
    public void Message_NamesFileFieldAndProblem()
    {
        var ex = new OdopValidationException("profiles/reduce.json", "execution_requirement.cpus.min", "'5x' is not a CPU quantity");
        Assert.That(ex.Message, Is.EqualTo("profiles/reduce.json: execution_requirement.cpus.min: '5x' is not a CPU quantity"));
    }

    [Test]
    public void Message_LeavesOutWhatIsUnknown_AndShowsLineWhenKnown()
    {
        Assert.That(new OdopValidationException(null, "time", "bad").Message, Is.EqualTo("time: bad"));
        Assert.That(new OdopValidationException("a.json", "", "bad", line: 3, position: 7).Message,
            Is.EqualTo("a.json: line 3, position 7: bad"));
    }
}
