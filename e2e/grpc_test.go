package e2e

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"

	"github.com/edgeward/edgeward/e2e/e2etest"
)

// A real gRPC client and server (google.golang.org/grpc, with the health service and the interop
// TestService it ships) through the compiled module in the dev host, over h2c. The server reports
// each message it receives, so ordering is asserted by events.

type testService struct {
	testpb.UnimplementedTestServiceServer
	got chan string // each request payload, as the server receives it
}

func (s *testService) UnaryCall(_ context.Context, in *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	s.got <- string(in.GetPayload().GetBody())
	return &testpb.SimpleResponse{Payload: in.GetPayload()}, nil
}

func (s *testService) StreamingInputCall(st testpb.TestService_StreamingInputCallServer) error {
	size := 0
	for {
		in, err := st.Recv()
		if err == io.EOF {
			return st.SendAndClose(&testpb.StreamingInputCallResponse{AggregatedPayloadSize: int32(size)})
		}
		if err != nil {
			return err
		}
		size += len(in.GetPayload().GetBody())
		s.got <- string(in.GetPayload().GetBody())
	}
}

func (s *testService) StreamingOutputCall(in *testpb.StreamingOutputCallRequest, st testpb.TestService_StreamingOutputCallServer) error {
	for i := range in.GetResponseParameters() {
		if err := st.Send(&testpb.StreamingOutputCallResponse{Payload: &testpb.Payload{Body: []byte(fmt.Sprintf("part %d", i))}}); err != nil {
			return err
		}
		// The next part only once the client has the previous one.
		if _, ok := <-s.got; !ok {
			return nil
		}
	}
	return nil
}

func (s *testService) FullDuplexCall(st testpb.TestService_FullDuplexCallServer) error {
	for {
		in, err := st.Recv()
		if err != nil {
			return nil
		}
		s.got <- string(in.GetPayload().GetBody())
		if err := st.Send(&testpb.StreamingOutputCallResponse{Payload: in.GetPayload()}); err != nil {
			return err
		}
	}
}

// startRealGRPC serves the test and health services and returns a client connection to them
// through the dev host with cfg.
func startRealGRPC(t *testing.T, cfg []byte) (*grpc.ClientConn, *testService) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	svc := &testService{got: make(chan string, 16)}
	srv := grpc.NewServer()
	testpb.RegisterTestServiceServer(srv, svc)
	healthpb.RegisterHealthServer(srv, health.NewServer())
	go srv.Serve(ln)
	t.Cleanup(srv.Stop)
	base, _ := e2etest.Start(t, e2etest.Options{Config: cfg, Upstream: "http://" + ln.Addr().String()})
	conn, err := grpc.NewClient("passthrough:///"+strings.TrimPrefix(base, "http://"),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, svc
}

func payload(s string) *testpb.Payload { return &testpb.Payload{Body: []byte(s)} }

func TestRealGRPCClient(t *testing.T) {
	for _, cfg := range streamConfigs {
		t.Run(cfg, func(t *testing.T) {
			conn, svc := startRealGRPC(t, repoConfig(t, cfg))
			ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
			defer cancel()
			tc := testpb.NewTestServiceClient(conn)

			t.Run("health check", func(t *testing.T) {
				res, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
				if err != nil || res.GetStatus() != healthpb.HealthCheckResponse_SERVING {
					t.Fatalf("got %v %v", res, err)
				}
				_, err = healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: "x' UNION SELECT password FROM users --"})
				if status.Code(err) != codes.PermissionDenied {
					t.Errorf("injection in the service name: %v, want PermissionDenied", err)
				}
			})

			t.Run("unary", func(t *testing.T) {
				res, err := tc.UnaryCall(ctx, &testpb.SimpleRequest{Payload: payload("hello")})
				if err != nil || string(res.GetPayload().GetBody()) != "hello" {
					t.Fatalf("got %v %v", res, err)
				}
				awaitEvent(t, svc.got, "the server receiving the call")
				_, err = tc.UnaryCall(ctx, &testpb.SimpleRequest{Payload: payload("<img src=x onerror=alert(1)>")})
				if status.Code(err) != codes.PermissionDenied || !strings.Contains(status.Convert(err).Message(), "xss") {
					t.Errorf("injection: %v, want PermissionDenied naming the rule", err)
				}
			})

			t.Run("client streaming", func(t *testing.T) {
				st, err := tc.StreamingInputCall(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for i := 1; i <= 3; i++ {
					m := fmt.Sprintf("message %d", i)
					if err := st.Send(&testpb.StreamingInputCallRequest{Payload: payload(m)}); err != nil {
						t.Fatal(err)
					}
					if g := awaitEvent(t, svc.got, fmt.Sprintf("the server receiving message %d before the client sends the next", i)); g != m {
						t.Fatalf("server got %q", g)
					}
				}
				res, err := st.CloseAndRecv()
				if err != nil || res.GetAggregatedPayloadSize() != int32(3*len("message 1")) {
					t.Fatalf("got %v %v", res, err)
				}
				st, _ = tc.StreamingInputCall(ctx)
				st.Send(&testpb.StreamingInputCallRequest{Payload: payload("fine")})
				awaitEvent(t, svc.got, "the server receiving the first message")
				st.Send(&testpb.StreamingInputCallRequest{Payload: payload("1; cat /etc/passwd")})
				if _, err := st.CloseAndRecv(); status.Code(err) != codes.PermissionDenied {
					t.Errorf("injection in the second message: %v, want PermissionDenied", err)
				}
				select {
				case g := <-svc.got:
					t.Errorf("the server received %q after the injection", g)
				default:
				}
			})

			t.Run("server streaming", func(t *testing.T) {
				st, err := tc.StreamingOutputCall(ctx, &testpb.StreamingOutputCallRequest{ResponseParameters: make([]*testpb.ResponseParameters, 3)})
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < 3; i++ {
					res, err := st.Recv()
					if err != nil || string(res.GetPayload().GetBody()) != fmt.Sprintf("part %d", i) {
						t.Fatalf("part %d: %v %v", i, res, err)
					}
					svc.got <- "read" // lets the server send the next part
				}
				if _, err := st.Recv(); err != io.EOF {
					t.Errorf("end: %v", err)
				}
			})

			t.Run("bidirectional", func(t *testing.T) {
				st, err := tc.FullDuplexCall(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for i := 1; i <= 3; i++ {
					m := fmt.Sprintf("ping %d", i)
					if err := st.Send(&testpb.StreamingOutputCallRequest{Payload: payload(m)}); err != nil {
						t.Fatal(err)
					}
					if g := awaitEvent(t, svc.got, fmt.Sprintf("the server receiving %q", m)); g != m {
						t.Fatalf("server got %q", g)
					}
					res, err := st.Recv()
					if err != nil || string(res.GetPayload().GetBody()) != m {
						t.Fatalf("answer to %q: %v %v", m, res, err)
					}
				}
				st.Send(&testpb.StreamingOutputCallRequest{Payload: payload("{\"$where\": \"sleep(5000)\"}")})
				if _, err := st.Recv(); err == nil {
					t.Errorf("the call went on after the injection")
				}
				select {
				case g := <-svc.got:
					t.Errorf("the server received %q after the injection", g)
				default:
				}
			})
		})
	}
}
