using System.Runtime.CompilerServices;

// The tests drive internal pieces (flag parser, formatters) directly rather than only through the process boundary.
[assembly: InternalsVisibleTo("Coffer.Cli.Tests")]
