package org.certhub.hub;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.certhub.hub.cli.LedgerVerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code certhub} command line: {@code demo} and {@code serve} start the hub, {@code ledger verify}
 * checks a ledger offline, {@code qr make} and {@code qr verify} make and check QR presentations, {@code seal verify} checks an e-seal or
 * stamp offline. The launcher script at the repository root runs this class's jar.
 */
@Command(
    name = "certhub",
    mixinStandardHelpOptions = true,
    description = "CertHub: e-licences, e-seals and e-signatures shared between departments, every access on a verifiable ledger.",
    subcommands = {CertHub.Demo.class, CertHub.Serve.class, CertHub.LedgerCommands.class, CertHub.LicenceCommands.class, CertHub.SealCommands.class,
        CertHub.QrCommands.class, CertHub.FileCommands.class})
public final class CertHub implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line; exits the JVM unless a server was started. */
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new CertHub());
    int code = cli.execute(args);
    if (code != 0 || !(cli.getParseResult() != null && serving(cli.getParseResult()))) {
      System.exit(code);
    }
  }

  private static boolean serving(CommandLine.ParseResult result) {
    CommandLine.ParseResult sub = result.subcommand();
    return sub != null && (sub.commandSpec().userObject() instanceof Demo || sub.commandSpec().userObject() instanceof Serve);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static class ServerOptions {
    @Option(names = "--data", defaultValue = "certhub-data", description = "data directory (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}); 0 picks a free one")
    int port;
  }

  @Command(name = "demo", mixinStandardHelpOptions = true, description = "Start the hub with demo data (seeded on first start).")
  static final class Demo implements Callable<Integer> {
    @CommandLine.Mixin ServerOptions options = new ServerOptions();

    @Override
    public Integer call() {
      HubApplication.start(options.data, options.port, true, Map.of());
      return 0;
    }
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Start the hub without demo data. Needs CERTHUB_KEYSTORE_PASSWORD.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Mixin ServerOptions options = new ServerOptions();

    @Override
    public Integer call() {
      HubApplication.start(options.data, options.port, false, Map.of());
      return 0;
    }
  }

  /** A group of subcommands: run alone, it prints its usage. */
  abstract static class CommandGroup implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Command(
      name = "ledger",
      mixinStandardHelpOptions = true,
      description = "Ledger tools.",
      subcommands = {LedgerVerifyCommand.class, org.certhub.hub.cli.LedgerProofCommand.class})
  static final class LedgerCommands extends CommandGroup {}

  @Command(
      name = "licence",
      mixinStandardHelpOptions = true,
      description = "Licence tools.",
      subcommands = {org.certhub.hub.cli.LicenceVerifyCommand.class})
  static final class LicenceCommands extends CommandGroup {}

  @Command(
      name = "seal",
      mixinStandardHelpOptions = true,
      description = "E-seal tools (GB/T 38540).",
      subcommands = {org.certhub.hub.cli.SealVerifyCommand.class})
  static final class SealCommands extends CommandGroup {}

  @Command(
      name = "qr",
      mixinStandardHelpOptions = true,
      description = "QR presentations: make one from the hub's data, verify one against the hub's signed lists.",
      subcommands = {org.certhub.hub.cli.QrMakeCommand.class, org.certhub.hub.cli.QrVerifyCommand.class})
  static final class QrCommands extends CommandGroup {}

  @Command(
      name = "file",
      mixinStandardHelpOptions = true,
      description = "Licence files (OFD, PDF): verify one offline.",
      subcommands = {org.certhub.hub.cli.FileVerifyCommand.class})
  static final class FileCommands extends CommandGroup {}
}
