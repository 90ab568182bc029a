// pulumi-resource-standin: a TEST-ONLY stand-in for the `random` and `tls` resource plugins, used by
// `npm run test:engine` because their upstream modules (github.com/pulumi/pulumi-random/provider/v4 and
// github.com/pulumi/pulumi-tls/provider/v5) are not served by the Go module proxy here (403 "This module version
// is not available"). It is NOT those providers: it implements exactly the resources the blueprint's in-cluster
// platform uses, with the outputs the program reads, so that the real engine can run the program end to end:
//
//	random:index/randomPassword:RandomPassword   result, bcryptHash
//	tls:index/privateKey:PrivateKey               privateKeyPem, publicKeyPem (RSA or ECDSA)
//	tls:index/selfSignedCert:SelfSignedCert       certPem
//	tls:index/certRequest:CertRequest             certRequestPem
//	tls:index/locallySignedCert:LocallySignedCert certPem
//
// Check keeps the inputs as they are (no defaults); any input change replaces the resource; Delete forgets it.
// Installed twice (`pulumi plugin install resource random|tls <version> --file`), it reports the version it is
// installed under (-version is not consulted by the engine; GetPluginInfo answers PULUMI_STANDIN_VERSION or "0.0.0").
package main

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"time"

	"golang.org/x/crypto/bcrypt"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

type provider struct {
	pulumirpc.UnimplementedResourceProviderServer
}

var opts = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-version" {
		fmt.Println(pluginVersion())
		return
	}
	if len(os.Args) > 1 {
		// Exit when the engine goes away.
		ctx, cancel := context.WithCancel(context.Background())
		if err := rpcutil.Healthcheck(ctx, os.Args[len(os.Args)-1], 5*time.Minute, cancel); err != nil {
			fmt.Fprintf(os.Stderr, "standin: %v\n", err)
			os.Exit(1)
		}
		go func() { <-ctx.Done(); os.Exit(0) }()
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(srv, &provider{})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "standin: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "standin: %v\n", err)
		os.Exit(1)
	}
}

func pluginVersion() string {
	if v := os.Getenv("PULUMI_STANDIN_VERSION"); v != "" {
		return v
	}
	return "0.0.0"
}

func (p *provider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: pluginVersion()}, nil
}

func (p *provider) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return &pulumirpc.GetSchemaResponse{Schema: "{}"}, nil
}

func (p *provider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.News}, nil
}

func (p *provider) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (p *provider) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

func (p *provider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	if _, ok := outputsOf[tokenOf(req.Urn)]; !ok {
		return nil, fmt.Errorf("standin: resource type %s is not implemented", tokenOf(req.Urn))
	}
	return &pulumirpc.CheckResponse{Inputs: req.News}, nil
}

func (p *provider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := plugin.UnmarshalProperties(req.OldInputs, opts)
	if err != nil {
		return nil, err
	}
	news, err := plugin.UnmarshalProperties(req.News, opts)
	if err != nil {
		return nil, err
	}
	var changed []string
	if d := olds.Diff(news); d != nil {
		for _, k := range d.ChangedKeys() {
			changed = append(changed, string(k))
		}
	}
	if len(changed) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Replaces: changed, Diffs: changed}, nil
}

func (p *provider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	token := tokenOf(req.Urn)
	outs, ok := outputsOf[token]
	if !ok {
		return nil, fmt.Errorf("standin: resource type %s is not implemented", token)
	}
	ins, err := plugin.UnmarshalProperties(req.Properties, opts)
	if err != nil {
		return nil, err
	}
	props := ins.Copy()
	if req.Preview || ins.ContainsUnknowns() {
		for _, k := range outs.names {
			props[resource.PropertyKey(k)] = resource.MakeComputed(resource.NewStringProperty(""))
		}
	} else {
		values, err := outs.make(plain(ins))
		if err != nil {
			return nil, fmt.Errorf("standin: %s: %w", token, err)
		}
		for k, v := range values {
			props[resource.PropertyKey(k)] = resource.NewStringProperty(v)
		}
	}
	st, err := plugin.MarshalProperties(props, opts)
	if err != nil {
		return nil, err
	}
	id := "standin-" + randomString(16, "abcdefghijklmnopqrstuvwxyz0123456789")
	if req.Preview {
		id = ""
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: st}, nil
}

func (p *provider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return &pulumirpc.ReadResponse{Id: req.Id, Properties: req.Properties, Inputs: req.Inputs}, nil
}

func (p *provider) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (p *provider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// tokenOf is the type token of a URN (the last type in its type chain).
func tokenOf(urn string) string {
	return string(resource.URN(urn).Type())
}

// plain reads string and number inputs (secrets unwrapped) into Go values.
func plain(m resource.PropertyMap) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		for v.IsSecret() {
			v = v.SecretValue().Element
		}
		switch {
		case v.IsString():
			out[string(k)] = v.StringValue()
		case v.IsNumber():
			out[string(k)] = v.NumberValue()
		case v.IsBool():
			out[string(k)] = v.BoolValue()
		case v.IsArray():
			var xs []string
			for _, e := range v.ArrayValue() {
				if e.IsString() {
					xs = append(xs, e.StringValue())
				}
			}
			out[string(k)] = xs
		case v.IsObject():
			// One level of nesting (e.g. subject.commonName).
			for kk, vv := range plain(v.ObjectValue()) {
				out[string(k)+"."+kk] = vv
			}
		}
	}
	return out
}

type outputs struct {
	names []string
	make  func(in map[string]any) (map[string]string, error)
}

var outputsOf = map[string]outputs{
	"random:index/randomPassword:RandomPassword":    {[]string{"result", "bcryptHash"}, randomPassword},
	"tls:index/privateKey:PrivateKey":               {[]string{"privateKeyPem", "publicKeyPem"}, privateKey},
	"tls:index/selfSignedCert:SelfSignedCert":       {[]string{"certPem"}, selfSignedCert},
	"tls:index/certRequest:CertRequest":             {[]string{"certRequestPem"}, certRequest},
	"tls:index/locallySignedCert:LocallySignedCert": {[]string{"certPem"}, locallySignedCert},
}

func num(in map[string]any, k string, def int) int {
	if v, ok := in[k].(float64); ok {
		return int(v)
	}
	return def
}

func str(in map[string]any, k string) string {
	s, _ := in[k].(string)
	return s
}

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		j, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = alphabet[j.Int64()]
	}
	return string(b)
}

func randomPassword(in map[string]any) (map[string]string, error) {
	alphabet := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	if in["special"] != false {
		if s := str(in, "overrideSpecial"); s != "" {
			alphabet += s
		} else {
			alphabet += "!#$%&*()-_=+[]{}<>:?"
		}
	}
	pw := randomString(num(in, "length", 16), alphabet)
	hash, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	return map[string]string{"result": pw, "bcryptHash": string(hash)}, nil
}

func privateKey(in map[string]any) (map[string]string, error) {
	var key crypto.Signer
	var err error
	switch str(in, "algorithm") {
	case "RSA":
		key, err = rsa.GenerateKey(rand.Reader, num(in, "rsaBits", 2048))
	case "ECDSA":
		curve := elliptic.P224()
		switch str(in, "ecdsaCurve") {
		case "P256":
			curve = elliptic.P256()
		case "P384":
			curve = elliptic.P384()
		case "P521":
			curve = elliptic.P521()
		}
		key, err = ecdsa.GenerateKey(curve, rand.Reader)
	default:
		return nil, fmt.Errorf("algorithm %q is not implemented", str(in, "algorithm"))
	}
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	pub, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return nil, err
	}
	blockType := "PRIVATE KEY"
	if rk, ok := key.(*rsa.PrivateKey); ok {
		der, blockType = x509.MarshalPKCS1PrivateKey(rk), "RSA PRIVATE KEY"
	} else if ek, ok := key.(*ecdsa.PrivateKey); ok {
		if der, err = x509.MarshalECPrivateKey(ek); err != nil {
			return nil, err
		}
		blockType = "EC PRIVATE KEY"
	}
	return map[string]string{
		"privateKeyPem": string(pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})),
		"publicKeyPem":  string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})),
	}, nil
}

func parseKey(pemText string) (crypto.Signer, error) {
	b, _ := pem.Decode([]byte(pemText))
	if b == nil {
		return nil, errors.New("no PEM private key")
	}
	if k, err := x509.ParsePKCS1PrivateKey(b.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(b.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, err
	}
	return k.(crypto.Signer), nil
}

// template is the certificate the inputs describe (subject common name, DNS names, validity, allowed uses, CA).
func template(in map[string]any) *x509.Certificate {
	hours := num(in, "validityPeriodHours", 24)
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	t := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: str(in, "subject.commonName")},
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(time.Duration(hours) * time.Hour),
		DNSNames:     strs(in, "dnsNames"),
	}
	for _, u := range strs(in, "allowedUses") {
		switch u {
		case "cert_signing":
			t.KeyUsage |= x509.KeyUsageCertSign
		case "crl_signing":
			t.KeyUsage |= x509.KeyUsageCRLSign
		case "digital_signature":
			t.KeyUsage |= x509.KeyUsageDigitalSignature
		case "key_encipherment":
			t.KeyUsage |= x509.KeyUsageKeyEncipherment
		case "server_auth":
			t.ExtKeyUsage = append(t.ExtKeyUsage, x509.ExtKeyUsageServerAuth)
		case "client_auth":
			t.ExtKeyUsage = append(t.ExtKeyUsage, x509.ExtKeyUsageClientAuth)
		}
	}
	if in["isCaCertificate"] == true {
		t.IsCA, t.BasicConstraintsValid = true, true
	}
	return t
}

func strs(in map[string]any, k string) []string {
	xs, _ := in[k].([]string)
	return xs
}

func certPEM(der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func selfSignedCert(in map[string]any) (map[string]string, error) {
	key, err := parseKey(str(in, "privateKeyPem"))
	if err != nil {
		return nil, err
	}
	t := template(in)
	der, err := x509.CreateCertificate(rand.Reader, t, t, key.Public(), key)
	if err != nil {
		return nil, err
	}
	return map[string]string{"certPem": certPEM(der)}, nil
}

func certRequest(in map[string]any) (map[string]string, error) {
	key, err := parseKey(str(in, "privateKeyPem"))
	if err != nil {
		return nil, err
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject:  pkix.Name{CommonName: str(in, "subject.commonName")},
		DNSNames: strs(in, "dnsNames"),
	}, key)
	if err != nil {
		return nil, err
	}
	return map[string]string{
		"certRequestPem": string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})),
	}, nil
}

func locallySignedCert(in map[string]any) (map[string]string, error) {
	caKey, err := parseKey(str(in, "caPrivateKeyPem"))
	if err != nil {
		return nil, err
	}
	cb, _ := pem.Decode([]byte(str(in, "caCertPem")))
	if cb == nil {
		return nil, errors.New("no PEM CA certificate")
	}
	ca, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, err
	}
	rb, _ := pem.Decode([]byte(str(in, "certRequestPem")))
	if rb == nil {
		return nil, errors.New("no PEM certificate request")
	}
	csr, err := x509.ParseCertificateRequest(rb.Bytes)
	if err != nil {
		return nil, err
	}
	t := template(in)
	t.Subject, t.DNSNames, t.IPAddresses = csr.Subject, csr.DNSNames, csr.IPAddresses
	der, err := x509.CreateCertificate(rand.Reader, t, ca, csr.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	return map[string]string{"certPem": certPEM(der)}, nil
}
