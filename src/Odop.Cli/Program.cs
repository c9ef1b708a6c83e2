namespace Odop.Cli; static class Program { static int Main() => 0; }
