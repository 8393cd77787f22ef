package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

// healthcheck is `eventgraph healthcheck`: it asks the running service's
// /readyz (at ADDR, a wildcard host meaning this machine) and exits 0 when
// it answers 200. The container image has no shell, curl or wget, so the
// docker-compose health check runs the binary itself.
func healthcheck() int {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "healthcheck: ADDR=%q: %v\n", addr, err)
		return 1
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	url := "http://" + net.JoinHostPort(host, port) + "/readyz"
	client := &http.Client{Timeout: 4 * time.Second}
	res, err := client.Get(url)
	if err != nil {
		fmt.Fprintf(os.Stderr, "healthcheck: %v\n", err)
		return 1
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		fmt.Fprintf(os.Stderr, "healthcheck: %s answered %s\n", url, res.Status)
		return 1
	}
	return 0
}
