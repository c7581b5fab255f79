// Command etcd is etcd's own server entry point (go.etcd.io/etcd/server/v3/etcdmain, which
// starts the embedded server of go.etcd.io/etcd/server/v3/embed) in a main package of ours:
// etcd's go.mod replaces its sibling modules with local folders, so `go install` refuses it,
// while importing it as a library from this module works.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
