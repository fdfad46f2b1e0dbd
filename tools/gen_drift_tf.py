#!/usr/bin/env python3
"""Writes the Terraform directory of the network a synthetic topology diagram draws.

usage: gen_drift_tf.py DIAGRAM.mmd OUTDIR

Reads a diagram written by tools/gen_topology.py (VNets with a gateway subnet, app subnets and
private-endpoint subnets; private endpoints to PostgreSQL, Redis and Service Bus stores) and
writes OUTDIR/main.tf: one azurerm_virtual_network per VNet, its subnets as `count` resources
with `cidrsubnet` over a variable's default, the application gateway, every private endpoint
with the store it serves, and the stores with public access off. `topomaid drift DIAGRAM
--against OUTDIR` then finds no drift; benches/drift.rs times it.
"""
import os
import re
import sys

diagram, outdir = sys.argv[1], sys.argv[2]
text = open(diagram, encoding="utf-8").read()
vnets = sorted({int(v) for v in re.findall(r'subgraph VNet(\d+)\[', text)})
subnets = {}
for v, s in re.findall(r'subgraph Sub(\d+)_(\d+)\[', text):
    subnets[int(v)] = max(subnets.get(int(v), -1), int(s))
pes = re.findall(r'(PE(\d+)_(\d+)_(\d+))\["[^"]*DB ([\d.]+)<br/>Private Endpoint"\]', text)
stores = dict(re.findall(r'^(Db\d+)\[\(?"\S+ ([^"]+)"', text, flags=re.M))
links = dict((pe, db) for pe, db in re.findall(r'^\s*(PE\d+_\d+_\d+) --> (Db\d+)$', text, flags=re.M))

out = []
for v in vnets:
    n = subnets.get(v, -1) + 1
    out.append(f'''variable "space_{v}" {{
  default = "10.{v}.0.0/16"
}}

resource "azurerm_virtual_network" "vnet_{v}" {{
  name          = "vnet-{v}"
  address_space = [var.space_{v}]
}}

resource "azurerm_subnet" "gateway_{v}" {{
  name                 = "gateway-{v}"
  virtual_network_name = azurerm_virtual_network.vnet_{v}.name
  address_prefixes     = [cidrsubnet(var.space_{v}, 8, 0)]
}}

resource "azurerm_subnet" "app_{v}" {{
  count                = {n}
  name                 = "app-{v}-${{count.index}}"
  virtual_network_name = azurerm_virtual_network.vnet_{v}.name
  address_prefixes     = [cidrsubnet(var.space_{v}, 8, count.index + 1)]
}}

resource "azurerm_subnet" "pe_{v}" {{
  count                = {n}
  name                 = "pe-{v}-${{count.index}}"
  virtual_network_name = azurerm_virtual_network.vnet_{v}.name
  address_prefixes     = [cidrsubnet(var.space_{v}, 8, count.index + 128)]
}}

resource "azurerm_application_gateway" "agw_{v}" {{
  name = "Application Gateway {v}"
  gateway_ip_configuration {{
    name      = "gw"
    subnet_id = azurerm_subnet.gateway_{v}.id
  }}
}}
''')
kinds = {"PostgreSQL": "azurerm_postgresql_flexible_server", "Redis": "azurerm_redis_cache",
         "Service Bus": "azurerm_servicebus_namespace"}
for db, label in sorted(stores.items(), key=lambda x: int(x[0][2:])):
    kind = next(t for k, t in kinds.items() if label.startswith(k))
    out.append(f'''resource "{kind}" "{db.lower()}" {{
  name                          = "{label}"
  public_network_access_enabled = false
}}
''')
for pe, v, s, k, dotted in pes:
    db = links[pe]
    label = stores[db]
    kind = next(t for key, t in kinds.items() if label.startswith(key))
    out.append(f'''resource "azurerm_private_endpoint" "{pe.lower()}" {{
  name      = "DB {dotted} Private Endpoint"
  subnet_id = azurerm_subnet.pe_{v}[{s}].id
  private_service_connection {{
    name                           = "{pe.lower()}"
    private_connection_resource_id = {kind}.{db.lower()}.id
  }}
}}
''')
os.makedirs(outdir, exist_ok=True)
with open(os.path.join(outdir, "main.tf"), "w", encoding="utf-8") as f:
    f.write("\n".join(out))
