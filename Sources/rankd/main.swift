import Glibc
import Ranking

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "http-demo": exit(runHTTPDemo(Array(arguments.dropFirst())))
default: print("rankd")
}
