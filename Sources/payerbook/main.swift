import Foundation
import PayerbookCLI

exit(PayerbookCLI.main(CommandLine.arguments))
